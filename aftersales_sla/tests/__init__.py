from . import test_engine

from . import test_tracking

from . import test_reminder

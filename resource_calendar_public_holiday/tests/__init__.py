from . import test_no_regression, test_planning, test_sync, test_workday

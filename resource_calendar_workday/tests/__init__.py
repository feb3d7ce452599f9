from . import (
    test_no_regression,
    test_plan_batch,
    test_planning,
    test_workday,
    test_working_time_changed,
)

from . import (
    test_hr_holidays,
    test_no_regression,
    test_planning,
    test_sync,
    test_tour,
    test_wizard,
    test_workday,
    test_working_time_changed,
)

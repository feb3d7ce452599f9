from . import (
    test_hr_holidays,
    test_sync,
    test_tour,
    test_wizard,
    test_working_time_changed,
)

from . import test_payment_demo_chinese

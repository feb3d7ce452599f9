from . import test_pay_in_chinese, test_payment_demo_chinese

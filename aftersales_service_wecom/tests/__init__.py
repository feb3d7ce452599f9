from . import test_wecom, test_wecom_crypto

from . import test_cn_accounting, test_cn_demo, test_documents, test_fapiao

from . import aftersales_cn_demo

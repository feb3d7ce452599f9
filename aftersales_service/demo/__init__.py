from . import aftersales_demo

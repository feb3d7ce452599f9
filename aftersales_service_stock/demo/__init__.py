from . import aftersales_stock_demo

from . import test_repair_operations_stock, test_repair_stock, test_stock_setup, test_stock_tour

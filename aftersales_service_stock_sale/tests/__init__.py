from . import test_warranty_cost_report

from . import test_access_rights, test_complaint_routing, test_equipment_warranty, test_request_flow, test_request_mail

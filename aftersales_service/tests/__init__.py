# isort: skip_file
from . import test_equipment_warranty
from . import test_request_flow
from . import test_complaint_routing
from . import test_request_mail
from . import test_access_rights
from . import test_request_tour
from . import test_translation
from . import test_sla
from . import test_sla_automation
from . import test_repair
from . import test_sla_documents
from . import test_repair_taxes
from . import test_transitions
from . import test_xmlrpc_contract
from . import test_service_desk
from . import test_portal_repair
from . import test_portal_request

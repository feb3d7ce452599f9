# isort: skip_file
# res.company first: its new column is read by other models' defaults while
# their columns are created at install.
from . import res_company
from . import res_config_settings
from . import res_partner
from . import product_template
from . import aftersales_team
from . import aftersales_workflow_mixin
from . import aftersales_sla_policy
from . import aftersales_sla_clock
from . import aftersales_sla_team_mixin
from . import aftersales_rating_mixin
from . import aftersales_portal_upload_mixin
from . import aftersales_complaint_category
from . import aftersales_equipment
from . import aftersales_fault_code
from . import aftersales_troubleshooting_step
from . import aftersales_request
from . import aftersales_request_intake
from . import aftersales_accessory
from . import aftersales_repair
from . import aftersales_repair_billing
from . import aftersales_repair_operation
from . import aftersales_repair_line
from . import aftersales_followup
from . import aftersales_followup_planning
from . import aftersales_service_report
from . import aftersales_service_report_figures
from . import account_move
from . import ir_attachment
from . import ir_sequence
from . import mail_activity
from . import digest_digest
from . import rating_rating
from . import aftersales_request_analysis
from . import aftersales_repair_analysis
from . import aftersales_sla_analysis

# isort: skip_file
from . import portal
from . import portal_repair

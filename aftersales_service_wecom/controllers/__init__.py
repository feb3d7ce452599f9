from . import wecom

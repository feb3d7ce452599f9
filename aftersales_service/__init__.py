from . import controllers, demo, models
from .hooks import uninstall_hook

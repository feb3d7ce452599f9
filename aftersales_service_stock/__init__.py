from . import demo, models
from .hooks import post_init_hook, uninstall_hook

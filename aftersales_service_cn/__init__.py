from . import demo, models, tools
from .hooks import post_init_hook, uninstall_hook

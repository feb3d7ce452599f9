from . import kuaidi100

from . import phone, providers

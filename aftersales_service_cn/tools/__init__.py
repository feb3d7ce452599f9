from . import pdf_letterhead

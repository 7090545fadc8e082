"""The narrative report: composed from analytics results, rendered to MD, HTML, DOCX and PDF."""

"""Server-rendered web pages (Jinja2), served with the API by the same app."""

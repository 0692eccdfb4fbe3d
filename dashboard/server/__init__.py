"""The Flask side: editors and sign-in, plain routes beside the Dash app, start-up. The only part
of dashboard/ that touches ``flask.request`` or ``flask.session``."""

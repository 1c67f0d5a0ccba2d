"""An RFB (VNC) client for guest consoles, written for hvdesk. No widgets.

The server is treated as hostile: every size is checked against `limits` before
memory is touched, and a malformed stream ends that connection with a
`ProtocolError`, never the application.
"""

"""govreport's built-in format plugins, registered through the ``govreport.formats`` entry
points exactly like a third-party plugin."""

"""A script that lets `Any` in (json.loads): the strict check must reject it, which shows
the check would catch an `Any` leaking from the package too."""

import json

config = json.loads('{"region": "us-east-1"}')
print(config["region"])

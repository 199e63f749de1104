$ok ? $o|get:"k":"fallback" : $o|get:"other"|to_upper

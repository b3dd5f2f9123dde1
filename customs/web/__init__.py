"""The customs page: check a permit (typed, or the verification link a scanner reads out of
its QR code), see whether it can be used, write it off once."""

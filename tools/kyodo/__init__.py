"""kyodo: provisioning and segmentation proof for a prefecture's shared NHI cloud."""

__version__ = "0.1.0"

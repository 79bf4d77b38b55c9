"""Segmentation verifier (`kyodo verify`): prove from configs that no municipality can reach another.

Pipeline, one module per concept:

- ``snapshot``  read ``configs/<host>.cfg`` (+ ``vsphere.json``) into neutral ``DeviceConfig``s
- ``intents``   from the resolved model: whose addresses are whose, zones, required flows
- ``network``   devices joined by links (shared subnets, tunnels by swapped endpoints, VPN peers)
- ``rib``       per-VRF tables (connected, static + leaks, policy VPN, BGP, route targets) and FIBs
- ``spaces``    header spaces: unions of 5-d boxes of intervals (no packet enumeration)
- ``filters``   ordered filters on spaces (first match, defaults, established, zone filters)
- ``reach``     propagation from each source, memoised per (device, VRF, ingress)
- ``context``   sources (office LANs, VMs, management) and their reach, computed once
- ``rules/*``   one module per rule family; ``findings`` the frozen evidence records
- ``engine``    runs it all, builds the matrix; ``sections`` the report's optional keys
- ``output``    json (``kyodo.verify/1``) / md / junit; ``cli`` the command
"""

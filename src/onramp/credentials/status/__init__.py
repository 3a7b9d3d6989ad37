"""Credential status: Bitstring Status List and StatusList2021 (`status_list`). Built on `rdf`."""

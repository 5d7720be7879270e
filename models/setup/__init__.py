"""The installation: who uses this copy (role, name, code), where (province, commune: Vietnam's
administrative units from 1 July 2025), in which language, and how forms are named on screen.

Imports only ``models.base``.
"""

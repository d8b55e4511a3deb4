"""Write the sample landscape in sample_inputs/: an invented customer, no real data.

Run from the repository root: python tools/make_sample_inputs.py
The tests in tests/test_sample_landscape.py assert the findings this landscape must produce,
so change both together.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

OUT = Path(__file__).resolve().parent.parent / "sample_inputs"

TENANT_HEADERS = [
    "Tenant ID", "Host", "Display Name", "Infrastructure", "Tenant Model", "Bundle", "Type",
    "Region", "Created On", "Target IAS Tenant", "Wanted Connectors",
]

TENANTS = [
    ["a7f3e21c9", "https://ips-a7f3e21c9.dispatcher.eu2.hana.ondemand.com/webapp/index.html", "HR Provisioning",
     "", "Bundle", "SAP SuccessFactors", "Productive", "Europe (Frankfurt)", dt.date(2019, 5, 14), "acme-sf.accounts.ondemand.com", "SAP Commerce Cloud; Workday HCM"],
    ["b52c08d41", "https://ips-b52c08d41.dispatcher.hana.ondemand.com/webapp/index.html", "Procurement",
     "Neo", "Bundle", "SAP Ariba Applications", "Productive", "Europe (Rot)", dt.date(2020, 11, 2), "acme.accounts.ondemand.com", ""],
    ["c9e1d7f02", "https://ips-c9e1d7f02.dispatcher.us2.hana.ondemand.com/webapp/index.html", "Corporate Identity Hub",
     "Neo", "Standalone", "", "Productive", "US West (Chandler)", dt.date(2018, 3, 20), "acme.accounts.ondemand.com", ""],
    ["d4410aa8e", "https://ips-d4410aa8e.dispatcher.eu2.hana.ondemand.com/webapp/index.html", "S/4HANA Cloud Test",
     "", "Bundle", "SAP S/4HANA Cloud", "Test", "Europe (Frankfurt)", dt.date(2021, 9, 30), "", ""],
    ["e0c77b315", "https://ips-e0c77b315.dispatcher.eu2.hana.ondemand.com/webapp/index.html", "Sales Compensation",
     "Neo", "Bundle", "SAP Commissions", "Productive", "Europe (Frankfurt)", dt.date(2020, 2, 11), "", ""],
]

# Rows as a consultant copies them from the IAMTENANTS application: IAS rows are skipped,
# IPS rows are tenants already on the SAP Cloud Identity infrastructure.
IAMTENANTS_HEADERS = ["Host", "Service", "Type", "Default", "Additional", "Created", "Region", "Customer", "Bundles"]
IAMTENANTS = [
    ["https://acme.accounts.ondemand.com", "IAS", "Productive", "x", "", dt.date(2017, 6, 1), "Europe (Frankfurt)", "1234567", ""],
    ["https://acme-sf.accounts.ondemand.com", "IAS", "Productive", "", "x", dt.date(2022, 8, 19), "Europe (Frankfurt)", "1234567", "BIZX"],
    ["https://acme-hr.accounts.ondemand.com/ips", "IPS", "Productive", "", "x", dt.date(2023, 2, 10), "Europe (Frankfurt)", "1234567", "BIZX"],
    ["https://acme-lab.accounts.cloud.sap/ips", "IPS", "Test", "", "x", dt.date(2024, 4, 3), "Europe (Frankfurt)", "1234567", "QX7"],
]

SYSTEM_HEADERS = [
    "Tenant", "System Name", "Connector Type", "Role", "Enabled", "Planned", "ias.api.version",
    "concur.api.version", "c4c.api.version", "sf.api.version", "Destination Name", "ProxyType",
    "Cloud Connector Location ID", "Authentication", "Inbound Certificate", "Transformations Modified",
    "Real-Time Provisioning", "Last Job Run", "Last Job Status", "Entity Count",
]

RUN = dt.date(2026, 11, 27)

SYSTEMS = [
    # SuccessFactors bundle tenant on Neo.
    ["a7f3e21c9", "SF Employee Central", "SAP SuccessFactors", "Source", "yes", "", "", "", "", "1", "", "", "", "Basic", "no", "no", "no", RUN, "Success", 5200],
    ["a7f3e21c9", "IAS Corporate Users", "Identity Authentication", "Target", "yes", "", "", "", "", "", "", "", "", "Basic", "no", "yes", "no", RUN, "Success", 5180],
    ["a7f3e21c9", "AD Writeback", "Microsoft Active Directory", "Target", "yes", "", "", "", "", "", "AD_LDAPS", "OnPremise", "", "Basic", "no", "no", "no", RUN, "Success", 5100],
    ["a7f3e21c9", "Azure AD Groups", "Azure AD", "Source", "yes", "", "", "", "", "", "", "", "", "OAuth", "no", "no", "no", RUN, "Success", 310],
    ["a7f3e21c9", "SAC Reporting", "SAP Analytics Cloud", "Target", "yes", "", "", "", "", "", "", "", "", "OAuth", "no", "no", "no", RUN, "Success", 420],
    # Ariba bundle tenant on Neo, with an on-premise source and a SCIM proxy.
    ["b52c08d41", "Ariba Buyer", "SAP Ariba Applications", "Target", "yes", "", "", "", "", "", "", "", "", "OAuth", "no", "no", "no", RUN, "Success", 880],
    ["b52c08d41", "IAS Source", "Identity Authentication", "Source", "yes", "", "2", "", "", "", "", "", "", "Basic", "no", "no", "no", RUN, "Success", 900],
    ["b52c08d41", "ERP Users", "SAP AS ABAP", "Source", "yes", "", "", "", "", "", "ERP_RFC", "OnPremise", "", "Basic", "no", "no", "no", RUN, "Success", 1450],
    ["b52c08d41", "IdM Proxy", "SCIM System", "Proxy", "yes", "", "", "", "", "", "", "", "", "Certificate", "yes", "no", "no", RUN, "Success", 0],
    # Standalone tenant on Neo.
    ["c9e1d7f02", "HANA DB Users", "SAP HANA Database (Beta)", "Target", "yes", "", "", "", "", "", "", "", "hana-dc1", "Basic", "no", "no", "no", RUN, "Success", 75],
    ["c9e1d7f02", "LDAP Directory", "LDAP Server", "Source", "yes", "", "", "", "", "", "", "OnPremise", "dc-fra", "Basic", "no", "yes", "no", RUN, "Success", 12040],
    ["c9e1d7f02", "Google Workspace", "Google Workspace", "Target", "yes", "", "", "", "", "", "", "", "", "OAuth", "no", "no", "no", RUN, "Success", 11900],
    ["c9e1d7f02", "Concur Travel", "SAP Concur", "Target", "yes", "", "", "1", "", "", "", "", "", "OAuth", "no", "no", "no", RUN, "Finished with Error", 9800],
    ["c9e1d7f02", "IAS Real-Time", "Identity Authentication", "Source", "yes", "", "2", "", "", "", "", "", "", "Basic", "no", "no", "yes", RUN, "Success", 12000],
    ["c9e1d7f02", "Neo Account Members", "SAP BTP Account Members (Neo)", "Target", "no", "", "", "", "", "", "", "", "", "OAuth", "no", "no", "no", dt.date(2025, 3, 2), "Success", 40],
    # S/4HANA Cloud bundle tenant on Neo with old and unknown connector names.
    ["d4410aa8e", "S4 Cloud Users", "SAP S/4HANA Cloud", "Target", "yes", "", "", "", "", "", "", "", "", "Basic", "no", "no", "no", RUN, "Success", 640],
    ["d4410aa8e", "Platform Users", "UAA", "Target", "yes", "", "", "", "", "", "", "", "", "OAuth", "no", "no", "no", RUN, "Success", 35],
    ["d4410aa8e", "Custom HR Feed", "Workday HCM", "Source", "yes", "", "", "", "", "", "", "", "", "OAuth", "no", "no", "no", RUN, "Success", 610],
    ["d4410aa8e", "C4C Sales", "SAP Cloud for Customer", "Target", "yes", "", "", "", "1", "", "", "", "", "Basic", "no", "no", "no", RUN, "Success", 230],
    ["d4410aa8e", "Concur Expenses", "SAP Concur", "Target", "", "yes", "", "3", "", "", "", "", "", "OAuth", "", "", "", None, "", None],
    # Commissions bundle tenant on Neo, old product name.
    ["e0c77b315", "Commissions Payees", "SAP Commissions", "Target", "yes", "", "", "", "", "", "", "", "", "OAuth", "no", "yes", "no", RUN, "Success", 1200],
    ["e0c77b315", "IAS Employees", "Identity Authentication", "Source", "yes", "", "2", "", "", "", "", "", "", "Basic", "no", "no", "no", RUN, "Success", 1210],
    # Tenant already on the SAP Cloud Identity infrastructure.
    ["acme-hr", "IAS Legacy Source", "Identity Authentication", "Source", "yes", "", "1", "", "", "", "", "", "", "Basic", "no", "no", "no", RUN, "Success", 300],
    # A tenant that is in no tenant list.
    ["f1d2e3a4b", "Orphan Target", "SAP Jam Collaboration", "Target", "yes", "", "", "", "", "", "", "", "", "OAuth", "no", "no", "no", RUN, "Success", 15],
]


def _write(path: Path, sheet: str, title: list[str], headers: list[str], rows: list[list]) -> None:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for line in title:
        worksheet.append([line])
        worksheet.cell(row=worksheet.max_row, column=1).font = Font(bold=True)
    worksheet.append(headers)
    for row in rows:
        worksheet.append(row)
    for cell in worksheet[len(title) + 1]:
        cell.font = Font(bold=True)
    workbook.save(path)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    _write(OUT / "tenants.xlsx", "IPS tenants", ["Example Landscape AG: IPS tenants", "Compiled by the IAM team, November 2026", ""], TENANT_HEADERS, TENANTS)
    _write(OUT / "iamtenants_export.xlsx", "Tenants", [], IAMTENANTS_HEADERS, IAMTENANTS)
    _write(OUT / "systems.xlsx", "Systems", ["Systems per tenant, exported 2026-11-28"], SYSTEM_HEADERS, SYSTEMS)


if __name__ == "__main__":
    main()

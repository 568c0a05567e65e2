"""A submission filed jointly by a holding company and its subsidiaries belongs to the filer whose
CIK begins the accession number, not to the first FILER block of the header."""
from converter.pipeline import convert_bytes

HEADER = """<SEC-DOCUMENT>0000092122-05-000042.txt : 20050125
<SEC-HEADER>0000092122-05-000042.hdr.sgml : 20050125
ACCESSION NUMBER:\t\t0000092122-05-000042
CONFORMED SUBMISSION TYPE:\t8-K
CONFORMED PERIOD OF REPORT:\t20050125
FILER:

\tCOMPANY DATA:
\t\tCOMPANY CONFORMED NAME:\t\t\tSUBSIDIARY POWER CO
\t\tCENTRAL INDEX KEY:\t\t\t0000003153
\t\tSTATE OF INCORPORATION:\t\t\tAL

\tFILING VALUES:
\t\tSEC FILE NUMBER:\t001-03164

FILER:

\tCOMPANY DATA:
\t\tCOMPANY CONFORMED NAME:\t\t\tHOLDING CO
\t\tCENTRAL INDEX KEY:\t\t\t0000092122
\t\tSTATE OF INCORPORATION:\t\t\tDE

\tFILING VALUES:
\t\tSEC FILE NUMBER:\t001-03526
</SEC-HEADER>
<DOCUMENT>
<TYPE>EX-99
<TEXT>
Consolidated Statements of Income
(In millions)
\tThree Months Ended December 31, 2004
Revenues\t2,721
</TEXT>
</DOCUMENT>
</SEC-DOCUMENT>
"""


def test_the_registrant_is_the_filer_whose_cik_begins_the_accession_number():
    result = convert_bytes(HEADER.encode(), "0000092122-05-000042.txt")
    assert result.instance.entity.identifier == "0000092122"
    cover = {f.concept: f.value for f in result.instance.facts if f.concept.startswith("dei:")}
    assert cover["dei:EntityRegistrantName"] == "HOLDING CO"
    assert cover["dei:EntityFileNumber"] == "001-03526"
    assert cover["dei:EntityIncorporationStateCountryCode"] == "DE"
    notes = [n.message for n in result.instance.notices if "filed jointly" in n.message]
    assert notes and "SUBSIDIARY POWER CO (CIK 0000003153)" in notes[0]

"""Small PMCS exports for the tests (test data, not the project's plan):
both header rows, a byte-order mark and CRLF line ends, as PMCS writes them."""

from __future__ import annotations

from pathlib import Path

BASELINE_HEADER = (
    "task_code,status_code,wbs_id,task_name,pred_list,succ_list,start_date,end_date,"
    "delete_record_flag\r\n"
    "Activity ID,Activity Status,WBS Code,Activity Name,(*)Predecessors,(*)Successors,"
    "(*)Start,(*)Finish,Delete This Row\r\n"
)
FORECAST_HEADER = (
    "task_code,status_code,wbs_id,task_name,pred_list,succ_list,start_date,base_end_date,"
    "act_end_date,delete_record_flag\r\n"
    "Activity ID,Activity Status,WBS Code,Activity Name,(*)Predecessors,(*)Successors,"
    "(*)Start,(*)BL Project Finish,Actual Finish,Delete This Row\r\n"
)

#: June 2019 baseline: DM-DRP-3 and LDM-503-9 are never reported on.
BASELINE_201906 = BASELINE_HEADER + (
    "DM-DRP-1,Not Started,LSST BL 19-06.02C.04,Test plan milestone one,DM-DRP-3,"
    '"DM-DRP-2, LDM",,10/31/2019 5:00:00 PM,\r\n'
    "DM-DRP-2,Not Started,LSST BL 19-06.02C.04,Test plan milestone two,DM-DRP-1,,,"
    "11/15/2019 8:00:00 AM,\r\n"
    "DM-DRP-3,Not Started,LSST BL 19-06.02C.04.01,Test plan milestone three,,DM-DRP-1,,"
    "9/30/2019 5:00:00 PM,\r\n"
    "LDM-503-9,Not Started,LSST BL 19-06.02C.00,Test plan level 2 milestone,,,"
    "6/3/2019 8:00:00 AM,6/28/2019 5:00:00 PM,\r\n"
    "DM-AP-1,Not Started,LSST BL 19-06.02C.03,Test plan milestone in the future,,,,"
    "3/31/2020 5:00:00 PM,\r\n"
)
#: December 2019 baseline: DM-DRP-1 moved to the end of December.
BASELINE_201912 = BASELINE_201906.replace(
    "19-06", "19-12").replace("10/31/2019 5:00:00 PM", "12/31/2019 5:00:00 PM")  # fmt: skip
#: November 2019 forecast: DM-DRP-2 done, DM-DRP-1 not; one other subsystem's row.
FORECAST_201911 = FORECAST_HEADER + (
    "DM-DRP-1,Not Started,LSST ME 19-11.02C.04,Test plan milestone one,DM-DRP-3,"
    '"DM-DRP-2, LDM",,10/30/2019 5:00:00 PM,,\r\n'
    "DM-DRP-2,Completed,LSST ME 19-11.02C.04,Test plan milestone two,DM-DRP-1,,,"
    "11/15/2019 8:00:00 AM,11/14/2019,\r\n"
    "DM-DRP-3,Completed,LSST ME 19-11.02C.04.01,Test plan milestone three,,DM-DRP-1,,"
    "9/30/2019 5:00:00 PM,9/27/2019,\r\n"
    "LDM-503-9,Not Started,LSST ME 19-11.02C.00,Test plan level 2 milestone,,,"
    "6/3/2019 8:00:00 AM,6/28/2019 5:00:00 PM,,\r\n"
    "DM-AP-1,Not Started,LSST ME 19-11.02C.03,Test plan milestone in the future,,,,"
    "3/31/2020 5:00:00 PM,,\r\n"
    "LSST-1520,Not Started,LSST ME 19-11.00.04.02,Test first light,DM-AP-1,,,"
    "2/16/2021 8:00:00 AM,,\r\n"
)

EXPORTS = {
    "201906-BL.csv": BASELINE_201906,
    "201912-BL.csv": BASELINE_201912,
    "201911-ME.csv": FORECAST_201911,
}


def write_export(folder: Path, name: str, text: str) -> Path:
    """``text`` as PMCS writes it: UTF-8 with a byte-order mark."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def write_plan(root: Path) -> list[Path]:
    """The three exports above in ``root``'s plan store."""
    return [write_export(root / "milestones/pmcs", n, t) for n, t in EXPORTS.items()]

/**
 * England's NHS regions and the 42 ICBs of July 2022 – March 2026, as facts with their source:
 * ONS "Integrated Care Boards (April 2024) Names and Codes in England" and
 * "NHS England (Region) (April 2024) Names and Codes". Used to name regions and to place an ICB
 * in its region when a lookup (such as the 2011-LSOA one) does not say.
 */
export const NHS_REGIONS: readonly {
  ods: string;
  gss: string;
  name: string;
}[] = [
  { ods: "Y56", gss: "E40000003", name: "London" },
  { ods: "Y59", gss: "E40000005", name: "South East" },
  { ods: "Y58", gss: "E40000006", name: "South West" },
  { ods: "Y61", gss: "E40000007", name: "East of England" },
  { ods: "Y60", gss: "E40000008", name: "Midlands" },
  { ods: "Y63", gss: "E40000009", name: "North East and Yorkshire" },
  { ods: "Y62", gss: "E40000010", name: "North West" },
];

export const ICBS_2024: readonly {
  ods: string;
  gss: string;
  name: string;
  regionOds: string;
}[] = [
  {
    ods: "QYG",
    gss: "E54000008",
    name: "NHS Cheshire and Merseyside Integrated Care Board",
    regionOds: "Y62",
  },
  {
    ods: "QNC",
    gss: "E54000010",
    name: "NHS Staffordshire and Stoke-on-Trent Integrated Care Board",
    regionOds: "Y60",
  },
  {
    ods: "QOC",
    gss: "E54000011",
    name: "NHS Shropshire, Telford and Wrekin Integrated Care Board",
    regionOds: "Y60",
  },
  {
    ods: "QJM",
    gss: "E54000013",
    name: "NHS Lincolnshire Integrated Care Board",
    regionOds: "Y60",
  },
  {
    ods: "QK1",
    gss: "E54000015",
    name: "NHS Leicester, Leicestershire and Rutland Integrated Care Board",
    regionOds: "Y60",
  },
  {
    ods: "QWU",
    gss: "E54000018",
    name: "NHS Coventry and Warwickshire Integrated Care Board",
    regionOds: "Y60",
  },
  {
    ods: "QGH",
    gss: "E54000019",
    name: "NHS Herefordshire and Worcestershire Integrated Care Board",
    regionOds: "Y60",
  },
  {
    ods: "QMM",
    gss: "E54000022",
    name: "NHS Norfolk and Waveney Integrated Care Board",
    regionOds: "Y61",
  },
  {
    ods: "QJG",
    gss: "E54000023",
    name: "NHS Suffolk and North East Essex Integrated Care Board",
    regionOds: "Y61",
  },
  {
    ods: "QHG",
    gss: "E54000024",
    name: "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board",
    regionOds: "Y61",
  },
  {
    ods: "QM7",
    gss: "E54000025",
    name: "NHS Hertfordshire and West Essex Integrated Care Board",
    regionOds: "Y61",
  },
  {
    ods: "QH8",
    gss: "E54000026",
    name: "NHS Mid and South Essex Integrated Care Board",
    regionOds: "Y61",
  },
  {
    ods: "QRV",
    gss: "E54000027",
    name: "NHS North West London Integrated Care Board",
    regionOds: "Y56",
  },
  {
    ods: "QMJ",
    gss: "E54000028",
    name: "NHS North Central London Integrated Care Board",
    regionOds: "Y56",
  },
  {
    ods: "QMF",
    gss: "E54000029",
    name: "NHS North East London Integrated Care Board",
    regionOds: "Y56",
  },
  {
    ods: "QKK",
    gss: "E54000030",
    name: "NHS South East London Integrated Care Board",
    regionOds: "Y56",
  },
  {
    ods: "QWE",
    gss: "E54000031",
    name: "NHS South West London Integrated Care Board",
    regionOds: "Y56",
  },
  {
    ods: "QKS",
    gss: "E54000032",
    name: "NHS Kent and Medway Integrated Care Board",
    regionOds: "Y59",
  },
  {
    ods: "QNQ",
    gss: "E54000034",
    name: "NHS Frimley Integrated Care Board",
    regionOds: "Y59",
  },
  {
    ods: "QT6",
    gss: "E54000036",
    name: "NHS Cornwall and the Isles of Scilly Integrated Care Board",
    regionOds: "Y58",
  },
  {
    ods: "QJK",
    gss: "E54000037",
    name: "NHS Devon Integrated Care Board",
    regionOds: "Y58",
  },
  {
    ods: "QSL",
    gss: "E54000038",
    name: "NHS Somerset Integrated Care Board",
    regionOds: "Y58",
  },
  {
    ods: "QUY",
    gss: "E54000039",
    name: "NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board",
    regionOds: "Y58",
  },
  {
    ods: "QOX",
    gss: "E54000040",
    name: "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board",
    regionOds: "Y58",
  },
  {
    ods: "QVV",
    gss: "E54000041",
    name: "NHS Dorset Integrated Care Board",
    regionOds: "Y58",
  },
  {
    ods: "QRL",
    gss: "E54000042",
    name: "NHS Hampshire and Isle of Wight Integrated Care Board",
    regionOds: "Y59",
  },
  {
    ods: "QR1",
    gss: "E54000043",
    name: "NHS Gloucestershire Integrated Care Board",
    regionOds: "Y58",
  },
  {
    ods: "QU9",
    gss: "E54000044",
    name: "NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board",
    regionOds: "Y59",
  },
  {
    ods: "QE1",
    gss: "E54000048",
    name: "NHS Lancashire and South Cumbria Integrated Care Board",
    regionOds: "Y62",
  },
  {
    ods: "QHM",
    gss: "E54000050",
    name: "NHS North East and North Cumbria Integrated Care Board",
    regionOds: "Y63",
  },
  {
    ods: "QOQ",
    gss: "E54000051",
    name: "NHS Humber and North Yorkshire Integrated Care Board",
    regionOds: "Y63",
  },
  {
    ods: "QWO",
    gss: "E54000054",
    name: "NHS West Yorkshire Integrated Care Board",
    regionOds: "Y63",
  },
  {
    ods: "QHL",
    gss: "E54000055",
    name: "NHS Birmingham and Solihull Integrated Care Board",
    regionOds: "Y60",
  },
  {
    ods: "QUE",
    gss: "E54000056",
    name: "NHS Cambridgeshire and Peterborough Integrated Care Board",
    regionOds: "Y61",
  },
  {
    ods: "QOP",
    gss: "E54000057",
    name: "NHS Greater Manchester Integrated Care Board",
    regionOds: "Y62",
  },
  {
    ods: "QJ2",
    gss: "E54000058",
    name: "NHS Derby and Derbyshire Integrated Care Board",
    regionOds: "Y60",
  },
  {
    ods: "QPM",
    gss: "E54000059",
    name: "NHS Northamptonshire Integrated Care Board",
    regionOds: "Y60",
  },
  {
    ods: "QT1",
    gss: "E54000060",
    name: "NHS Nottingham and Nottinghamshire Integrated Care Board",
    regionOds: "Y60",
  },
  {
    ods: "QF7",
    gss: "E54000061",
    name: "NHS South Yorkshire Integrated Care Board",
    regionOds: "Y63",
  },
  {
    ods: "QUA",
    gss: "E54000062",
    name: "NHS Black Country Integrated Care Board",
    regionOds: "Y60",
  },
  {
    ods: "QXU",
    gss: "E54000063",
    name: "NHS Surrey Heartlands Integrated Care Board",
    regionOds: "Y59",
  },
  {
    ods: "QNX",
    gss: "E54000064",
    name: "NHS Sussex Integrated Care Board",
    regionOds: "Y59",
  },
];

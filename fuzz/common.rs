//! What the fuzz targets share: the demo plant, and the split of one input into files.
#![allow(dead_code)]

/// The files of a data set, in the order the parts of a `plant_files` input fill them.
pub const FILES: [&str; 10] = [
    "lines.csv",
    "calendar.csv",
    "capacity.csv",
    "products.csv",
    "materials.csv",
    "bom.csv",
    "receipts.csv",
    "transit.csv",
    "subcontractors.csv",
    "orders.csv",
];

/// The parts of `data` between NUL bytes, as the files of `FILES` (an empty part is a
/// file that is not there).
pub fn split(data: &[u8]) -> Vec<(&'static str, &[u8])> {
    FILES
        .iter()
        .zip(data.split(|&b| b == 0))
        .filter(|(_, part)| !part.is_empty())
        .map(|(name, part)| (*name, part))
        .collect()
}

/// The demo plant's files (data/demo), as a data set held in memory.
pub fn demo() -> Vec<(&'static str, &'static [u8])> {
    macro_rules! file {
        ($name:literal) => {
            (
                $name,
                include_bytes!(concat!("../data/demo/", $name)).as_slice(),
            )
        };
    }
    vec![
        file!("lines.csv"),
        file!("calendar.csv"),
        file!("capacity.csv"),
        file!("products.csv"),
        file!("materials.csv"),
        file!("bom.csv"),
        file!("receipts.csv"),
        file!("transit.csv"),
        file!("subcontractors.csv"),
        file!("orders.csv"),
    ]
}

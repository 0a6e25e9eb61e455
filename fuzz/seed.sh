#!/bin/bash
# Builds the seed corpora of the fuzz targets from the demo plant and generated plants:
#   fuzz/seed.sh [PROMISE]   (PROMISE: the promise binary, default target/release/promise)
# Writes fuzz/corpus/{plant_files,change_set,json_bodies}/ (not committed; cargo fuzz
# adds what it finds there).
set -euo pipefail
cd "$(dirname "$0")"
PROMISE=${1:-../target/release/promise}
FILES=(lines.csv calendar.csv capacity.csv products.csv materials.csv bom.csv receipts.csv
       transit.csv subcontractors.csv orders.csv)
mkdir -p corpus/plant_files corpus/change_set corpus/json_bodies
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A data set directory as one plant_files input: its files joined by NUL bytes.
pack() {
    local dir=$1 out=$2 first=1
    : > "$out"
    for f in "${FILES[@]}"; do
        [ $first = 1 ] || printf '\0' >> "$out"
        first=0
        [ -f "$dir/$f" ] && cat "$dir/$f" >> "$out"
    done
}

pack ../data/demo corpus/plant_files/demo
for seed in 1 2 3 4 5 6; do
    "$PROMISE" gen --out "$tmp/g$seed" --lines 3 --products 6 --materials 8 --orders 12 \
        --horizon-days 30 --seed $seed > /dev/null 2>&1
    pack "$tmp/g$seed" corpus/plant_files/gen-$seed
done
"$PROMISE" gen --out "$tmp/xs" --size xs > /dev/null 2>&1
pack "$tmp/xs" corpus/plant_files/gen-xs

# Change files on the demo plant: one of each kind, and all together.
c=corpus/change_set
printf 'kind,order_id\norder_cancel,SO-260040\n' > $c/cancel
printf 'kind,order_id,product_id,qty\norder_qty,QT-260001,MS-5-6,50\n' > $c/qty
printf 'kind,order_id,date\norder_date,QT-260002,2026-05-04\n' > $c/date
printf 'kind,line_id,from,to\nline_down,ASM-1,2026-03-09,2026-03-13\nline_down,,2026-04-06,2026-04-06\n' > $c/line_down
printf 'kind,material_id,date,to\nreceipt_delay,BSP-L,2026-02-25,2026-03-20\n' > $c/receipt_delay
printf 'kind,order_id,customer,product_id,qty,requested_date,destination,status,order_kind,split\nnew_order,NEW-1,ACME,CP-32-125,40,2026-04-20,Shanghai,committed,special,yes\n' > $c/new_order
{
    printf 'kind,order_id,product_id,qty,date,line_id,from,to,material_id,requested_date,destination\n'
    printf 'order_cancel,SO-260040,,,,,,,,,\n'
    printf 'order_qty,QT-260001,MS-5-6,50,,,,,,,\n'
    printf 'line_down,,,,,MCH-1,2026-03-16,2026-03-18,,,\n'
    printf 'receipt_delay,,,,2026-02-25,,,2026-03-20,BSP-L,,\n'
    printf 'new_order,NEW-2,CP-32-125,10,,,,,,2026-04-20,Guangzhou\n'
} > $c/all

# Service bodies: first byte 0 = POST /quote, 1 = POST /orders, 2 = POST /changes.
j=corpus/json_bodies
body() { printf "\\x$1" > "$j/$2"; printf '%s' "$3" >> "$j/$2"; }
body 00 quote-adhoc '{"product_id": "CP-32-125", "qty": 40, "destination": "Shanghai", "requested_date": "2026-04-20"}'
body 00 quote-lines '{"order_id": "Q9", "lines": [{"product_id": "CP-32-125", "qty": 40}, {"product_id": "MS-5-6", "qty": 3}], "destination": "Guangzhou", "kind": "special", "split": true}'
body 00 quote-order '{"order_id": "QT-260001"}'
body 00 quote-rush '{"product_id": "CP-32-125", "qty": 40, "destination": "Shanghai", "rush": true}'
body 00 quote-insert '{"product_id": "CP-32-125", "qty": 40, "destination": "Shanghai", "insert": true, "priority": -1}'
body 00 quote-level '{"product_id": "CP-32-125", "qty": 40, "destination": "Shanghai", "service_level": 0.9, "scenarios": 20, "seed": 3}'
body 01 commit '{"order_id": "C1", "customer": "ACME", "destination": "Shanghai", "requested_date": "2026-05-04", "promised_date": "2026-05-04", "priority": 0, "kind": "standard", "lines": [{"product_id": "CP-32-125", "qty": 40}]}'
body 01 commit-asap '{"order_id": "C2", "destination": "Guangzhou", "requested_date": "2026-03-05", "lines": [{"product_id": "MS-5-6", "qty": 12, "mode": "rail"}]}'
body 02 changes '{"changes": [{"kind": "line_down", "line_id": "ASM-1", "from": "2026-03-09", "to": "2026-03-13"}, {"kind": "order_qty", "order_id": "QT-260001", "product_id": "MS-5-6", "qty": 50}]}'
body 02 changes-new '{"changes": [{"kind": "new_order", "order_id": "N1", "product_id": "CP-32-125", "qty": 5, "requested_date": "2026-04-01", "destination": "Shanghai"}, {"kind": "receipt_delay", "material_id": "BSP-L", "date": "2026-02-25", "to": "2026-03-20"}, {"kind": "order_cancel", "order_id": "SO-260040"}]}'
echo "seed corpora in $(pwd)/corpus: $(ls corpus/plant_files | wc -l) plants, $(ls corpus/change_set | wc -l) change sets, $(ls corpus/json_bodies | wc -l) bodies"

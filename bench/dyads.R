# bench/dyads.R - the R baseline of the dyad-year benchmark (bench/README.md):
# the directed dyad-year table built with data.table from flat files, the way
# peacesciencer users build it, with the same rows, columns and order as
# `bloc export dyad-years`.
#
#   Rscript bench/dyads.R STATES.csv MEMBERS.csv FROM TO OUT.csv
#
# STATES.csv: ccode,stateabb,styear,endyear (COW's state list; endyear empty
# while in the system). MEMBERS.csv: atopid,ccode,styear,endyear,defense,
# offense,neutral,nonagg,consul (ATOP's member level: one row per run of years a
# state was a party in good standing, with the provision types of those years).
# Both are written by bench/dyads_gen.c from the same record as the bloc log.
#
# The table: every ordered pair of states in the system each year (a self-join
# of the state-years on year), left-joined to the alliance dyad-years (the
# member-years expanded, self-joined on treaty and year, the type flags maxed
# per (year, ccode1, ccode2), the first 8 treaty ids in order joined with ";"),
# zeros and an empty treaty list where there is none; disputed is always 0 (a
# flat file has one account). Sorted by year, ccode1, ccode2; written by fwrite.
suppressPackageStartupMessages(library(data.table))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 5L) {
  stop("usage: Rscript bench/dyads.R STATES.csv MEMBERS.csv FROM TO OUT.csv")
}
fy <- as.integer(args[3])
ty <- as.integer(args[4])
flags <- c("defense", "offense", "neutral", "nonagg", "consul")

# Rows of x (styear, endyear; endyear NA = open) clipped to FROM..TO and
# expanded to one row per year.
years_of <- function(x) {
  x[is.na(endyear), endyear := ty]
  x[, `:=`(styear = pmax(styear, fy), endyear = pmin(endyear, ty))]
  x <- x[styear <= endyear]
  x[, row := .I]
  x <- x[rep(row, endyear - styear + 1L)]
  x[, year := styear + rowid(row) - 1L]
  x[, c("row", "styear", "endyear") := NULL]
  x
}

# The state-years, and every ordered pair of distinct states per year.
sy <- years_of(fread(args[1], colClasses = list(character = "stateabb")))
dy <- sy[sy, on = "year", allow.cartesian = TRUE, nomatch = NULL]
setnames(dy, c("ccode", "stateabb", "i.ccode", "i.stateabb"),
         c("ccode2", "state2", "ccode1", "state1"))
dy <- dy[ccode1 != ccode2]

# The alliance dyad-years: pairs of parties to the same treaty in the same year.
my <- years_of(fread(args[2]))
ad <- my[my, on = c("atopid", "year"), allow.cartesian = TRUE, nomatch = NULL]
ad <- ad[ccode != i.ccode, c("year", "i.ccode", "ccode", "atopid", flags), with = FALSE]
setnames(ad, c("i.ccode", "ccode"), c("ccode1", "ccode2"))
keys <- c("year", "ccode1", "ccode2")
dy[, (flags) := 0L]
dy[, treaties := NA_character_]
if (nrow(ad)) {
  fl <- ad[, lapply(.SD, max), by = keys, .SDcols = flags]
  # The treaty ids, in order, at most 8 (as bloc lists them), joined with ";".
  setorderv(ad, c(keys, "atopid"))
  ad[, k := rowid(year, ccode1, ccode2)]
  tr <- ad[k == 1L, .(year, ccode1, ccode2, treaties = as.character(atopid))]
  for (j in 2:8) {
    more <- ad[k == j]
    if (!nrow(more)) break
    tr[more, on = keys, treaties := paste0(treaties, ";", i.atopid)]
  }
  # Onto the grid; the rest keeps its zeros and no treaties.
  dy[fl, on = keys, (flags) := mget(paste0("i.", flags))]
  dy[tr, on = keys, treaties := i.treaties]
}
dy[, disputed := 0L]
setorderv(dy, keys)
setcolorder(dy, c("year", "ccode1", "ccode2", "state1", "state2", flags, "disputed", "treaties"))
fwrite(dy, args[5], na = "")

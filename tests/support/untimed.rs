//! Options for tests that prove optima: the node budget alone, no time limit, so that a
//! slow debug build on a loaded machine proves the same as a release build.

// Each test file uses its own subset of these.
#![allow(dead_code)]

use entente::analysis::balance::BalanceOptions;
use entente::analysis::blocs::BlocOptions;

pub fn bloc_options() -> BlocOptions {
    BlocOptions {
        time_limit: None,
        ..BlocOptions::default()
    }
}

pub fn balance_options() -> BalanceOptions {
    BalanceOptions {
        time_limit: None,
        ..BalanceOptions::default()
    }
}

/* EXPECT: D_EMPTY at 2:1: a script of comments only is empty. */

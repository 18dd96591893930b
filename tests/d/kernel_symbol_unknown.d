/* A kernel symbol no kernel has is D_IDENT_UNDEF at its `&`. */
BEGIN
{
	trace(&`rdtrace_no_such_symbol_anywhere);
}

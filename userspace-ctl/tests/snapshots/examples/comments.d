// A line comment before the first clause.
BEGIN /* between the probe and the body */
{
	// one action
	trace(1); /* a block comment
	             over two lines */
	trace(2)
}

END
{
	;
}

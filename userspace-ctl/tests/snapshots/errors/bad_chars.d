BEGIN
{
	trace(1 ` 2);
	trace('abcdefghi');
	trace(0x);
	trace(09);
}

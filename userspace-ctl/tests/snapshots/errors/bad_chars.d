BEGIN
{
	trace(1 ` 2);
	trace('ab');
	trace(0x);
	trace(09);
}

"""Weather risk: sea-state scenarios around the forecast, replay of a plan with recourse,
the engines that run many scenarios, and plans that buy buffer."""

/**
 * @a2a-mcp/deploy-checks holds tests only (test/): the deployment material under docker/,
 * monitoring/ and k8s/ checked against services.json and core's configuration, with the real
 * tools (docker-compose, promtool, prometheus, kubectl kustomize, nginx).
 */
export const DEPLOY_CHECKS = '@a2a-mcp/deploy-checks';

/**
 * Deployments: which host runs which component, on which designated ports and in which security
 * mode. A {@link dev.wdmports.core.deploy.Deployment} turns the catalog's rules into the concrete
 * {@link dev.wdmports.core.Flow}s a site needs.
 *
 * <pre>{@code
 * Deployment site = Deployments.read(Path.of("branch-office.yaml"), Catalogs.wdm());
 * List<Flow> flows = site.flowsOf("wdm-server");
 * }</pre>
 */
@NullMarked
package dev.wdmports.core.deploy;

import org.jspecify.annotations.NullMarked;

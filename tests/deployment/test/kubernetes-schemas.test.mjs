// deploy/kubernetes, rendered offline by `kubectl kustomize` (both overlays), against the schemas an API server
// with the operators installed would apply: Kubernetes' own (kubernetes-models), KEDA's and Traefik's CRDs
// (their @kubernetes-models packages), CloudNativePG's and the RabbitMQ Cluster Operator's CRDs (k8s-crds/).
// Unknown fields count as errors, as with kubectl's default (Strict) field validation. lib/k8s-schemas.mjs
// says how each check works.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { crdErrors, crdValidators, modelErrors, modelModule, typeErrors } from '../lib/k8s-schemas.mjs';
import { find, idOf, overlays, render } from '../lib/kubernetes.mjs';

const validators = crdValidators();
const rendered = Object.fromEntries(overlays.map((overlay) => [overlay, render(overlay)]));

const brokenForTypes = brokenCopies();

// One TypeScript program for every object of both overlays and the broken copies (its start-up is most of the time).
let typeErrorsOf;
before(() => {
  const all = [...Object.values(rendered).flat(), ...brokenForTypes.map(([, object]) => object)];
  const errors = typeErrors(all);
  typeErrorsOf = new Map(all.map((object, index) => [object, errors[index]]));
});

/** Objects with one deliberate mistake each, to prove the checks find such a mistake at all. */
function brokenCopies() {
  const prod = rendered.prod;
  const deployment = structuredClone(find(prod, 'Deployment', 'orders'));
  deployment.spec.template.spec.containers[0].readinesProbe = deployment.spec.template.spec.containers[0].readinessProbe;
  const scaledObject = structuredClone(find(prod, 'ScaledObject', 'payments'));
  scaledObject.spec.triggers[0].metdata = scaledObject.spec.triggers[0].metadata;
  const route = structuredClone(find(prod, 'IngressRoute', 'orders'));
  route.spec.routes[0].services[0].weigth = 1;
  return [['a misspelt container field', deployment], ['a misspelt trigger field', scaledObject], ['a misspelt route service field', route]];
}

for (const overlay of overlays) {
  describe(`kubectl kustomize overlays/${overlay}`, () => {
    const objects = rendered[overlay];

    it('renders objects, every one in the payord namespace but the namespace itself', () => {
      assert.ok(objects.length > 10, `only ${objects.length} objects`);
      for (const object of objects) {
        if (object.kind === 'Namespace') assert.equal(object.metadata.name, 'payord');
        else assert.equal(object.metadata.namespace, 'payord', idOf(object));
      }
      const ids = objects.map(idOf);
      assert.equal(new Set(ids).size, ids.length, 'an object is rendered twice');
    });

    it('has a schema for every object: a kubernetes-models package or a CRD in k8s-crds/', () => {
      for (const object of objects) {
        const known = modelModule(object) !== undefined || validators.has(`${object.apiVersion}/${object.kind}`);
        assert.ok(known, `${idOf(object)} (${object.apiVersion}): no schema to check it against`);
      }
    });

    it('validates every modelled object against the Kubernetes, KEDA and Traefik schemas (validate())', async () => {
      const modelled = objects.filter((object) => modelModule(object) !== undefined);
      assert.ok(modelled.some((object) => object.kind === 'Deployment'));
      for (const object of modelled) assert.deepEqual(await modelErrors(object), [], idOf(object));
    });

    it('has no unknown field and no wrong type in any object (TypeScript declarations of the same packages)', () => {
      for (const object of objects) assert.deepEqual(typeErrorsOf.get(object), [], idOf(object));
    });

    it('validates CloudNativePG Clusters and the RabbitmqCluster against the operators\' CRDs', () => {
      const custom = objects.filter((object) => modelModule(object) === undefined);
      assert.deepEqual([...new Set(custom.map((object) => object.kind))].sort(), ['Cluster', 'RabbitmqCluster']);
      for (const object of custom) assert.deepEqual(crdErrors(validators, object), [], idOf(object));
    });
  });
}

describe('the schema checks find mistakes', () => {
  it('validate() refuses a Deployment without its selector and with a port that is not a number', async () => {
    const deployment = structuredClone(find(rendered.prod, 'Deployment', 'orders'));
    delete deployment.spec.selector;
    deployment.spec.template.spec.containers[0].ports[0].containerPort = '8080';
    const errors = (await modelErrors(deployment)).join('\n');
    assert.match(errors, /required property selector/);
    assert.match(errors, /containerPort must be integer/);
  });

  it('the TypeScript check refuses unknown fields validate() lets through', async () => {
    for (const [what, object] of brokenForTypes) {
      assert.deepEqual(await modelErrors(object), [], `${what}: validate() already refuses it, so this proves nothing`);
    }
    const fields = ['readinesProbe', 'metdata', 'weigth'];
    brokenForTypes.forEach(([what, object], index) => {
      assert.match(typeErrorsOf.get(object).join('\n'), new RegExp(`'"${fields[index]}"' does not exist`), what);
    });
  });

  it('the CRD schemas refuse an unknown field, a wrong type and a value outside an enum', () => {
    const cluster = structuredClone(find(rendered.prod, 'Cluster', 'orders-db'));
    cluster.spec.postgresql.synchronous.numbr = 1;
    cluster.spec.instances = 'three';
    cluster.spec.postgresql.synchronous.method = 'all';
    const errors = crdErrors(validators, cluster).join('\n');
    assert.match(errors, /synchronous must NOT have additional properties \(numbr\)/);
    assert.match(errors, /instances must be integer/);
    assert.match(errors, /method must be equal to one of the allowed values/);
    const broker = structuredClone(find(rendered.prod, 'RabbitmqCluster', 'rabbitmq'));
    broker.spec.replica = 3;
    assert.match(crdErrors(validators, broker).join('\n'), /spec must NOT have additional properties \(replica\)/);
  });
});
